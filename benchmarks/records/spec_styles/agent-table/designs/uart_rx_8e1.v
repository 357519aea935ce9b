module top_module (
    input clk,
    input reset,
    input rx,
    output [7:0] data,
    output valid,
    output perr,
    output ferr
);

  parameter BIT_WIDTH = 9;

  reg [BIT_WIDTH-1:0] rx_reg;
  reg [7:0] data_reg;
  reg valid_reg;
  reg perr_reg;
  reg ferr_reg;
  reg [1:0] state_reg;

  // Initial conditions
  initial begin
    data_reg = 8'h00;
    valid_reg = 0;
    perr_reg = 0;
    ferr_reg = 0;
    state_reg = 0;
  end

  // State machine
  always @(posedge clk) begin
    if (reset) begin
      data_reg <= 8'h00;
      valid_reg <= 0;
      perr_reg <= 0;
      ferr_reg <= 0;
      state_reg <= 0;
    end else begin
      case (state_reg)
        0: begin
          if (rx == 0) begin
            rx_reg <= 8'h00; // Clear rx_reg
            state_reg <= 1; // Start state
          end else begin
            state_reg <= 0; // Still IDLE
          end
        end
        1: begin
          rx_reg <= rx_reg << 1; // Shift rx_reg left
          rx_reg[0] <= rx; // Set least significant bit
          if (rx_reg == 8'hFF) begin
            state_reg <= 2; // Stop state
          end else if (rx_reg[7] == 1) begin
            perr_reg <= 1; // Set parity error
            state_reg <= 0; // Still IDLE
          end else begin
            state_reg <= 1; // Still data state
          end
        end
        2: begin
          if (rx == 0) begin
            valid_reg <= 1; // Set valid
            data_reg <= rx_reg; // Set data_reg
            state_reg <= 0; // Still IDLE
          end else begin
            state_reg <= 0; // Still IDLE
          end
        end
        default: begin
          state_reg <= 0; // Reset to IDLE
        end
      endcase
    end
  end

  // Outputs
  assign data = data_reg;
  assign valid = valid_reg;
  assign perr = perr_reg;
  assign ferr = ferr_reg;
endmodule
